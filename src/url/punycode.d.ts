/** The one function used from punycode.js (the npm package has no types of its own). */
declare module 'punycode/punycode.es6.js' {
  /** RFC 3492: the Unicode string of a label's punycode (without `xn--`); throws on invalid input. */
  export function decode(input: string): string;
}
