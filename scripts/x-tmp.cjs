const { SourceMapConsumer } = require('source-map');
const fs = require('fs');
(async () => {
  const file = process.argv[2];
  const map = JSON.parse(fs.readFileSync(file + '.map', 'utf8'));
  const c = await new SourceMapConsumer(map);
  for (const pos of process.argv.slice(3)) {
    const [l, col] = pos.split(':').map(Number);
    const o = c.originalPositionFor({ line: l + 1, column: col });
    console.log(pos, '→', o.source && o.source.replace(/.*node_modules\//, 'nm/').replace(/.*\/main\//, ''), o.line, o.name);
  }
})();
