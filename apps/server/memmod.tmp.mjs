const mods = process.argv.slice(2);
const m = () => {
  global.gc();
  global.gc();
  const u = process.memoryUsage();
  return `${(u.heapUsed / 2 ** 20).toFixed(1)} heap ${(u.rss / 2 ** 20).toFixed(0)} rss`;
};
console.log('base', m());
for (const x of mods) {
  await import(x);
  console.log(x, m());
}
