/** Where the signed-in API key is kept: this tab's session storage, never the URL. */
const STORAGE_KEY = 'switchyard.console.apiKey';

/** The API key this tab signed in with (empty: signed in without one), if any. */
export function loadStoredKey(): string | undefined {
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined;
}

/** Keeps the API key for this tab (it is gone when the tab closes). */
export function storeKey(apiKey: string): void {
  sessionStorage.setItem(STORAGE_KEY, apiKey);
}

/** Forgets the API key (sign out). */
export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
