/** Messages for the papers part of the catalog (en); merged into the one catalog by index.ts. */
export const enPapers: Record<string, string> = {
};
