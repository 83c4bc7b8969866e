// The bench's minted token: `tokens.mint` over plain HTTP with the bench key.

/** A token minted by `apiKey` for one bench user, with a cap it never reaches. */
export async function mintToken(url, apiKey) {
  const response = await fetch(`${url}/trpc/tokens.mint`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${apiKey}`,
    },
    body: JSON.stringify({
      subject: 'bench-user',
      ttlSeconds: 3_600,
      maxCredits: 1_000_000_000_000,
    }),
  });
  const body = await response.json();
  if (!response.ok) throw new Error(`tokens.mint: ${JSON.stringify(body)}`);
  return body.result.data.token;
}
