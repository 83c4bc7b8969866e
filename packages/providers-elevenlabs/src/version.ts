/** This package's version, sent in the User-Agent of every call. */
export const VERSION: string = '0.0.0';
