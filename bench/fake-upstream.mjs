// A fake OpenAI-style upstream for the benchmark: answers every POST with a
// recorded chat-completions body. Runs in its own process so its CPU is apart.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';

const fixture = resolve(
  import.meta.dirname,
  '../packages/testing/fixtures/openai/chat-completions.success.body.json',
);
const body = existsSync(fixture)
  ? readFileSync(fixture)
  : Buffer.from(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion',
        model: 'gpt-4.1-nano',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello from the bench.' },
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 },
      }),
    );

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': body.length,
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
process.on('disconnect', () => process.exit(0));
