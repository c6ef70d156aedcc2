/** The tool's version, recorded in every draw's parameters and replay package. */
export const TOOL_VERSION = 'draw 0.1.0';
