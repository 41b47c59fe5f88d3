import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createMailer } from '../../src/infra/mail';

/**
 * A relay that speaks just enough LMTP to take letters, and counts the connections they came on
 * (a key letter and an act letter per order went out on a new connection each).
 */
function fakeLmtp(options: { rejectRecipient?: string } = {}) {
  const seen = { connections: 0, letters: [] as string[] };
  const server: Server = createServer((socket: Socket) => {
    seen.connections += 1;
    socket.write('220 fake LMTP ready\r\n');
    let buffer = '';
    let inData = false;
    let data = '';
    let recipients = 0;
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          data += buffer.slice(0, end);
          buffer = buffer.slice(end + 5);
          inData = false;
          seen.letters.push(data);
          data = '';
          // LMTP answers once per accepted recipient.
          for (let i = 0; i < recipients; i++) socket.write('250 2.0.0 delivered\r\n');
          recipients = 0;
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.split(/[ :]/)[0]!.toUpperCase();
        if (verb === 'LHLO') socket.write('250-fake\r\n250 PIPELINING\r\n');
        else if (verb === 'RCPT' && options.rejectRecipient && line.includes(options.rejectRecipient)) socket.write('550 5.1.1 no such user\r\n');
        else if (verb === 'RCPT') {
          recipients += 1;
          socket.write('250 2.1.5 ok\r\n');
        } else if (verb === 'DATA' && recipients === 0) socket.write('503 5.5.1 no valid recipients\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 2.0.0 ok\r\n'); // MAIL, RSET, NOOP
      }
    });
    socket.on('error', () => {});
  });
  return new Promise<{ port: number; seen: typeof seen; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({ port, seen, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

describe('the mailer', () => {
  it('sends one letter after another on the connection it already has', async () => {
    const relay = await fakeLmtp();
    cleanup.push(relay.close);
    const mailer = createMailer(`lmtp://127.0.0.1:${relay.port}`, 'SID <orders@sid.test>');
    cleanup.push(() => mailer.close());

    for (const n of [1, 2, 3]) await mailer.send({ to: `dealer${n}@dealer.test`, subject: `Письмо ${n}`, text: `Текст ${n}` });
    expect(relay.seen.letters).toHaveLength(3);
    expect(relay.seen.letters.map((l) => /^To: (.*)$/m.exec(l)?.[1]?.trim())).toEqual(['dealer1@dealer.test', 'dealer2@dealer.test', 'dealer3@dealer.test']);
    expect(relay.seen.connections).toBe(1);
  });

  it('still fails a letter whose recipient the relay refuses, and sends the next one', async () => {
    const relay = await fakeLmtp({ rejectRecipient: 'gone@dealer.test' });
    cleanup.push(relay.close);
    const mailer = createMailer(`lmtp://127.0.0.1:${relay.port}`, 'SID <orders@sid.test>');
    cleanup.push(() => mailer.close());

    await expect(mailer.send({ to: 'gone@dealer.test', subject: 'Письмо', text: 'Текст' })).rejects.toThrow(/rejected/);
    await mailer.send({ to: 'here@dealer.test', subject: 'Письмо', text: 'Текст' });
    expect(relay.seen.letters).toHaveLength(1);
    expect(relay.seen.letters[0]).toMatch(/^To: here@dealer\.test/m);
  });
});
