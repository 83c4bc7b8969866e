// A process that, for each of `rounds` new SQLite files (`<prefix>-<n>.db`),
// opens (and so migrates) the store at wall-clock time `startAt + n × stepMs`,
// creates a key in it and prints `<n> <key id>`: several of them started
// together open each new file at the same moment.
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqlStore } from '../index';

const [prefix, startAt, rounds, stepMs] = process.argv.slice(2);
for (let round = 0; round < Number(rounds); round += 1) {
  const at = Number(startAt) + round * Number(stepMs);
  await sleep(Math.max(0, at - Date.now()));
  const store = await createSqlStore({ url: `${prefix}-${round}.db` });
  const { record } = await store.apiKeys.create({ name: 'racer', credits: 1 });
  await store.close();
  process.stdout.write(`${round} ${record.id}\n`);
}
