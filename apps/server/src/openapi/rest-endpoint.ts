/** Where every query and mutation is also served as REST (`/api/...`). */
export const REST_ENDPOINT = '/api';
