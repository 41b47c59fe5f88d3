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
