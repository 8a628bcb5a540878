/** A nominal type: `Brand<string, 'ClipId'>` is a string that only a constructor can make. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
