/** The id the OpenAPI examples show for a ticket (a UUID like any other), so every example names the same one. */
export const SAMPLE_ID = '7b0c3f9e-5d1a-4c8e-9f2b-1a6d4e8c0b37';
