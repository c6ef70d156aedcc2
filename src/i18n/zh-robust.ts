/** Messages for the robust part of the catalog (zh); merged into the one catalog by index.ts. */
export const zhRobust: Record<string, string> = {
};
