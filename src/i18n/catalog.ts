/**
 * The Chinese catalog is the reference: an English part must have exactly its Chinese part's keys
 * (`satisfies Catalog<typeof zh…>`: a key missing or a key too many is a compile error), and every
 * English template the same {placeholders} as the Chinese one (PlaceholderMismatch, checked in
 * index.ts).
 */
export type Catalog<Zh extends Record<string, string>> = { readonly [K in keyof Zh]: string };

/** The {names} a template uses. */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** The keys whose two templates do not use the same placeholders (never when all agree). */
export type PlaceholderMismatch<Zh extends Record<string, string>, En extends Record<keyof Zh, string>> = {
  [K in keyof Zh]: [Placeholders<Zh[K]>] extends [Placeholders<En[K]>] ? ([Placeholders<En[K]>] extends [Placeholders<Zh[K]>] ? never : K) : K;
}[keyof Zh];
