#!/bin/sh
# Regenerates migrations/0006_status.sql from the tables.ts files (while issue 5 is in progress; delete afterwards).
set -e
cd "$(dirname "$0")/.."
exec flock /tmp/samsvar-drizzle.lock sh -c '
  rm -f migrations/0006_status.sql migrations/meta/0006_snapshot.json
  node -e "const f=\"migrations/meta/_journal.json\";const j=JSON.parse(require(\"fs\").readFileSync(f));j.entries=j.entries.filter(e=>e.idx<6);require(\"fs\").writeFileSync(f,JSON.stringify(j,null,2)+\"\\n\")"
  npx drizzle-kit generate --name status
'
