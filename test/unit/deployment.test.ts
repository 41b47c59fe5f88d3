import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { devServerArgs, searchAttributeFlags } from '../../temporal-config/dev-server';

// The search attributes are declared once in code; the docker-compose script repeats them in
// shell. This keeps the two from drifting apart.
describe('Temporal search attributes', () => {
  const fromCode = searchAttributeFlags().filter((_, i) => i % 2 === 1).sort();

  it('are registered the same way by the docker-compose set-up script', () => {
    const script = readFileSync('temporal-config/register-search-attributes.sh', 'utf8');
    const list = /for attribute in ([^;]+);/.exec(script)![1]!.trim().split(/\s+/).sort();
    expect(list).toEqual(fromCode);
  });

  it('are passed to the dev server with their types', () => {
    expect(fromCode).toEqual(['DealerId=Keyword', 'OrderNumber=Keyword', 'OrderStatus=Keyword', 'SettlementScheme=Keyword', 'VendorCodes=KeywordList']);
    const args = devServerArgs({ dbFilename: '/tmp/t.db', port: 7233, uiPort: 8233 });
    expect(args.slice(0, 4)).toEqual(['server', 'start-dev', '--db-filename', '/tmp/t.db']);
    expect(args.filter((a) => a === '--search-attribute')).toHaveLength(5);
  });
});

// Issue 19, point 8: the containers run in production mode, so the session cookie is Secure.
describe('production mode in the containers', () => {
  it('the Dockerfile and docker-compose.yml set NODE_ENV=production', () => {
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^ENV NODE_ENV=production$/m);
    expect(readFileSync('docker-compose.yml', 'utf8')).toMatch(/^ {2}NODE_ENV: production$/m);
  });
});

// Anyone who reaches Temporal's frontend or UI can start and signal workflows (issue 19, point 3).
describe('docker-compose publishes Temporal to no one', () => {
  const compose = readFileSync('docker-compose.yml', 'utf8');
  /** The lines of one service's block. */
  const service = (name: string) => {
    const start = compose.indexOf(`\n  ${name}:\n`);
    expect(start, name).toBeGreaterThan(-1);
    const rest = compose.slice(start + 1);
    const end = rest.slice(1).search(/\n  [a-z][a-z0-9-]*:\n|\nvolumes:/);
    return rest.slice(0, end === -1 ? undefined : end + 1);
  };
  const published = (block: string) => [...block.matchAll(/^\s+-\s+"?([^"\n]+)"?$/gm)].map((m) => m[1]!).filter((p) => /^[\d.:]+$/.test(p) && p.includes(':'));

  it('the frontend is not published at all, and the UI only on 127.0.0.1', () => {
    expect(service('temporal')).not.toMatch(/\bports:/);
    const ui = published(service('temporal-ui'));
    expect(ui.length).toBeGreaterThan(0);
    for (const mapping of ui) expect(mapping.startsWith('127.0.0.1:'), mapping).toBe(true);
  });
});
