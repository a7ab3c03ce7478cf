import { parseCommand, openidFor } from '../../../tools/cli/commands';
import { parseStartArgs } from '../../../tools/cli/start-app';

describe('parseCommand', () => {
  it.each([
    ['你好', { kind: 'say', text: '你好' }],
    ['  /new ', { kind: 'new' }],
    ['/list', { kind: 'list' }],
    ['/switch 2', { kind: 'switch', index: 2 }],
    ['/clear', { kind: 'clear' }],
    ['/like', { kind: 'like' }],
    ['/unlike', { kind: 'unlike' }],
    ['/user bob', { kind: 'user', name: 'bob' }],
    ['/help', { kind: 'help' }],
    ['/quit', { kind: 'quit' }],
    ['/exit', { kind: 'quit' }],
    ['/3', { kind: 'pick', index: 3 }],
    ['   ', { kind: 'empty' }],
  ])('%j', (line, expected) => {
    expect(parseCommand(line)).toEqual(expected);
  });

  it.each([
    ['/switch', 'Usage: /switch N'],
    ['/switch two', 'Usage: /switch N'],
    ['/user', 'Usage: /user NAME'],
    ['/user bad name!', 'Usage: /user NAME'],
    ['/nope', 'Unknown command /nope'],
  ])('rejects %j with usage', (line, message) => {
    const cmd = parseCommand(line);
    expect(cmd.kind).toBe('invalid');
    expect(cmd.kind === 'invalid' && cmd.message).toContain(message);
  });

  it('maps user names to readable simulated openids', () => {
    expect(openidFor('bob')).toBe('o_dev_bob');
  });
});

describe('parseStartArgs', () => {
  it('reads --say and --user, defaults to alice', () => {
    expect(parseStartArgs([])).toEqual({ user: 'alice', help: false, preview: true, previewPort: 5173, stream: 'http' });
    expect(parseStartArgs(['--say', '你好', '--user', 'bob'])).toEqual({ say: '你好', user: 'bob', help: false, preview: true, previewPort: 5173, stream: 'http' });
  });

  it('--stream picks the road of the preview page\'s live text (issue 21)', () => {
    expect(parseStartArgs(['--stream', 'watch']).stream).toBe('watch');
    expect(parseStartArgs(['--stream', 'http']).stream).toBe('http');
    expect(() => parseStartArgs(['--stream', 'ws'])).toThrow('--stream must be http or watch');
  });

  it('serves the browser preview unless --no-preview, on --preview-port', () => {
    expect(parseStartArgs(['--no-preview']).preview).toBe(false);
    expect(parseStartArgs(['--preview-port', '0']).previewPort).toBe(0);
    expect(() => parseStartArgs(['--preview-port', 'x'])).toThrow('--preview-port must be a port number');
    expect(() => parseStartArgs(['--preview-port', '70000'])).toThrow('--preview-port must be a port number');
  });

  it('rejects unknown or incomplete arguments with the usage', () => {
    expect(() => parseStartArgs(['--sey', 'x'])).toThrow('Usage: npm start');
    expect(() => parseStartArgs(['--say'])).toThrow('--say needs a value');
    expect(() => parseStartArgs(['--say', '  '])).toThrow('non-empty');
    expect(() => parseStartArgs(['--user', 'a b'])).toThrow('--user must be');
  });
});
