/** Messages for the robust part of the catalog (en); merged into the one catalog by index.ts. */
export const enRobust: Record<string, string> = {
};
