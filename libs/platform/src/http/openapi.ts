import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { finishDocument } from './openapi/openapi-document';
import { FieldProblemDto, ProblemDto } from './problem';

/** As package.json says: the code is not licensed to others. */
const LICENSE = 'UNLICENSED';

/** OpenAPI UI at /docs and the JSON document at /docs-json, finished by finishDocument. */
export function setupOpenApi(app: INestApplication, title: string, description: string): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .setLicense(LICENSE, '')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = finishDocument(SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto, FieldProblemDto] }));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

export { ApiCommands, ApiConditionalGet, ApiProblems, ApiPublic, ApiTag, type CommandDocs } from './openapi/operation-docs';
