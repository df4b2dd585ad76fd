import { ProblemException } from '@itsm/platform';

export function ciNotFound(id: string): ProblemException {
  return new ProblemException(404, 'ci.not_found', `No configuration item ${id}`);
}
