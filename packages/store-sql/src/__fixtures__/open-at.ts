// A process that opens (and so migrates) the SQL store at argv[2] at the
// wall-clock time argv[3], creates a key in it and prints its id: many of
// them started together open one new file at the same moment.
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqlStore } from '../index';

const [url, startAt] = process.argv.slice(2);
await sleep(Math.max(0, Number(startAt) - Date.now()));
const store = await createSqlStore({ url: url ?? '' });
const { record } = await store.apiKeys.create({ name: 'racer', credits: 1 });
await store.close();
process.stdout.write(`${record.id}\n`);
