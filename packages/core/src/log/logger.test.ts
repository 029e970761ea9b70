import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('redacts secret keys in nested objects and keeps the rest', () => {
    const { lines, destination } = capture();
    const log = createLogger({ level: 'info', destination });
    log.info(
      { source: { id: 'odoo', password: 'hunter2' }, headers: { authorization: 'token a:b' } },
      'login',
    );
    const line = lines.join('');
    expect(line).not.toContain('hunter2');
    expect(line).not.toContain('token a:b');
    expect(JSON.parse(line)).toMatchObject({ msg: 'login', source: { id: 'odoo', password: '[redacted]' } });
  });
});
