/** Messages for the papers part of the catalog (zh); merged into the one catalog by index.ts. */
export const zhPapers: Record<string, string> = {
};
