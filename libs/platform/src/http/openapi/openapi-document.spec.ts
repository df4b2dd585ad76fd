import { Controller, Get, Module, Post } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiOperation, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestFactory } from '@nestjs/core';
import { DomainError } from '@itsm/domain';
import { ProblemDto } from '../problem';
import { finishDocument } from './openapi-document';
import { ApiCommands, ApiConditionalGet, ApiProblems, ApiTag } from './operation-docs';

class TicketDto {
  @ApiProperty({ example: 4 }) revision: number;
  @ApiProperty({ example: 'open' }) status: string;
}

@ApiTag('tickets', 'Tickets to try the document on.')
@Controller('tickets')
class TicketsController {
  @Get(':id') @ApiConditionalGet() @ApiOperation({ summary: 'One ticket' }) @ApiOkResponse({ type: TicketDto })
  get(): TicketDto {
    return { revision: 4, status: 'open' };
  }

  @Post(':id/close')
  @ApiCommands({ rules: [{ 'ticket.closed': { kind: 'conflict', rule: 'A closed ticket accepts nothing.' } }], stream: 'ticket-1', etag: true })
  @ApiProblems(new DomainError('ticket.too_old', 'Too old to close.', 'not_allowed'))
  @ApiOperation({ summary: 'Close it' }) @ApiOkResponse({ type: TicketDto })
  close(): TicketDto {
    return { revision: 5, status: 'closed' };
  }
}

@Module({ controllers: [TicketsController] })
class TicketsModule {}

/* eslint-disable @typescript-eslint/no-explicit-any -- reading a JSON document */
describe('The finished OpenAPI document', () => {
  let doc: any;

  beforeAll(async () => {
    const app = await NestFactory.create<NestFastifyApplication>(TicketsModule, new FastifyAdapter(), { logger: false });
    doc = finishDocument(SwaggerModule.createDocument(app, new DocumentBuilder().build(), { extraModels: [ProblemDto] }));
    await app.close();
  });

  it('answers a conditional read with its ETag, and 304 to an If-None-Match that holds', () => {
    const get = doc.paths['/tickets/{id}'].get;
    expect(get.parameters.map((p: any) => p.name)).toEqual(['If-None-Match', 'X-Request-Id']);
    expect(Object.keys(get.responses['200'].headers)).toEqual(['ETag', 'X-Request-Id']);
    expect(Object.keys(get.responses['304'].headers)).toEqual(['ETag', 'X-Request-Id']);
    expect(get.responses['200'].content['application/json'].example).toEqual({ revision: 4, status: 'open' });
  });

  it("lists a command's problems by status, from its table and its own, each with an example", () => {
    const close = doc.paths['/tickets/{id}/close'].post;
    const codes = (status: string) => close.responses[status].content['application/problem+json'].schema.allOf[1].properties.code.enum;
    expect(codes('409')).toEqual(['concurrency.wrong_expected_revision', 'event_store.duplicate_event_id', 'ticket.closed']);
    expect(codes('422')).toEqual(['idempotency.key_reused', 'ticket.too_old']);
    expect(close.responses['422'].content['application/problem+json'].examples['ticket.too_old']).toEqual({ $ref: '#/components/examples/ticket.too_old' });
    expect(doc.components.examples['ticket.too_old'].value).toMatchObject({ status: 422, code: 'ticket.too_old', detail: 'Too old to close.' });
    expect(doc.tags).toEqual([{ name: 'tickets', description: 'Tickets to try the document on.' }]);
    expect(Object.keys(close).filter((key) => key.startsWith('x-'))).toEqual([]);
  });
});
