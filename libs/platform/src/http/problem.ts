import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** RFC 9457 problem details, with our stable `code` and field-level `errors`. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly errors?: readonly FieldProblem[];
  readonly [extension: string]: unknown;
}

export const problemType = (code: string): string => `urn:itsm:problem:${code}`;

export class FieldProblemDto {
  @ApiProperty({ example: 'impact' }) field: string;
  @ApiProperty({ example: 'impact must not be greater than 3' }) reason: string;
}

/** For the OpenAPI document: every error response has this shape. */
export class ProblemDto {
  @ApiProperty({ example: 'urn:itsm:problem:incident.closed' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'The incident is closed; nothing more can be done with it' }) detail: string;
  @ApiPropertyOptional({ example: '/incidents/7b0c…/assign' }) instance?: string;
  @ApiProperty({ example: 'incident.closed', description: 'Stable machine-readable code' }) code: string;
  @ApiPropertyOptional({ type: [FieldProblemDto] }) errors?: FieldProblemDto[];
}

/** Thrown by our own shells when a request is malformed in a way a DTO cannot express. */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors?: readonly FieldProblem[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.name = 'ProblemException';
  }
}

export const invalidField = (field: string, reason: string): ProblemException => invalidFields([{ field, reason }]);

/** 400 request.invalid naming every field and its reason: the one shape of refused input. */
export const invalidFields = (problems: readonly FieldProblem[]): ProblemException =>
  new ProblemException(400, 'request.invalid', problems.map((p) => `${p.field}: ${p.reason}`).join('; '), problems);
