/** This package's version. */
export const VERSION: string = '0.0.0';
