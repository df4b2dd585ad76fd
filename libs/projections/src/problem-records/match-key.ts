/**
 * Text as people compare it when they search or group: case and outer spaces aside, so "Network" and
 * " network " are one category. Stored under this form beside the text as written, and applied to the
 * search term, so the comparison is an exact match (indexed, and no pattern built from user input).
 */
export function matchKey(text: string): string {
  return text.trim().toLowerCase();
}
