/**
 * Sample values for the OpenAPI examples of the query API's answers, composed from the DTOs'
 * `@ApiProperty({ example })`: kept here so that the parts of one answer tell one story (the same
 * incident, the same instants) and an id looks like an id everywhere.
 */
export const SAMPLE = {
  incidentId: '5f0c8a2e-3b1d-4e6f-9a7c-2d4b6e8f0a1c',
  childId: '7a1d3c5e-9b2f-4d6a-8c0e-1f3b5d7a9c2e',
  changeId: '0c9e8d7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f',
  problemId: '3e5a7c9b-1d2f-4a6c-8e0b-2d4f6a8c0e1b',
  ciId: '6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f',
  otherCiId: '8b2d4f6a-0c1e-4a3b-9d5f-7e9a1c3b5d70',
  blackoutWindowId: '2a4c6e8f-0b1d-4f3a-8c5e-7a9b1d3f5e60',
  jobId: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
  at: '2026-03-02T08:30:00.000Z',
  later: '2026-03-02T10:45:00.000Z',
  position: '00000000000000001234',
  hash: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78',
  person: 'alice',
  group: 'service-desk',
} as const;
