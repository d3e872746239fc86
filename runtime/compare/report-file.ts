/** The id of the `<script type="application/json">` element an llmload HTML report keeps its data in. */
export const REPORT_DATA_ID = 'llmload-data';

/**
 * The data an llmload HTML report embeds, or undefined when `text` is not
 * one. The JSON is stored with `<` escaped as `\u003c`, so it parses as is.
 */
export function extractReportData(text: string): Record<string, unknown> | undefined {
  const open = `<script type="application/json" id="${REPORT_DATA_ID}">`;
  const start = text.indexOf(open);
  if (start < 0) return undefined;
  const end = text.indexOf('</script>', start + open.length);
  if (end < 0) return undefined;
  return JSON.parse(text.slice(start + open.length, end)) as Record<string, unknown>;
}
