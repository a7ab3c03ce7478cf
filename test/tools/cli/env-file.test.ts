import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvFile, parseEnvFile } from '../../../tools/cli/env-file';

describe('.env parsing', () => {
  it('reads comments, export, quotes, inline comments and multi-line quoted PEMs', () => {
    const text = [
      '# Coze settings',
      'COZE_API_BASE=https://api.coze.cn  # China site',
      'export COZE_BOT_ID="7428933434510770212"',
      "COZE_JWT_OAUTH_CLIENT_ID='1234'",
      'COZE_JWT_OAUTH_PRIVATE_KEY="-----BEGIN TEST KEY-----',
      'abc',
      '-----END TEST KEY-----"',
      'ONE_LINE_PEM="-----BEGIN TEST KEY-----\\nabc\\n-----END TEST KEY-----"',
      'EMPTY=',
      '',
    ].join('\r\n');
    expect(parseEnvFile(text)).toEqual({
      COZE_API_BASE: 'https://api.coze.cn',
      COZE_BOT_ID: '7428933434510770212',
      COZE_JWT_OAUTH_CLIENT_ID: '1234',
      COZE_JWT_OAUTH_PRIVATE_KEY: '-----BEGIN TEST KEY-----\nabc\n-----END TEST KEY-----',
      ONE_LINE_PEM: '-----BEGIN TEST KEY-----\\nabc\\n-----END TEST KEY-----',
      EMPTY: '',
    });
  });

  it('says how to fix a multi-line PEM pasted without quotes', () => {
    const text = ['COZE_BOT_ID=7428933434510770212', 'COZE_JWT_OAUTH_PRIVATE_KEY=-----BEGIN TEST KEY-----', 'abc', '-----END TEST KEY-----'].join('\n');
    expect(() => parseEnvFile(text)).toThrow('.env line 2: COZE_JWT_OAUTH_PRIVATE_KEY starts a multi-line PEM without quotes');
    expect(() => parseEnvFile(text)).toThrow('Wrap the whole key in double quotes');
    expect(() => parseEnvFile(text)).toThrow('literal \\n at each line break');
  });

  it('says which line is wrong', () => {
    expect(() => parseEnvFile('A=1\nnot a pair\n')).toThrow('.env line 2 is not KEY=value');
    expect(() => parseEnvFile('A="open\nB=2\n')).toThrow('no closing "');
  });

  it('never overrides variables already set in the environment, and ignores a missing file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'envfile-')), '.env');
    fs.writeFileSync(file, 'COZE_BOT_ID=111\nCOZE_API_BASE=http://127.0.0.1:1\n');
    const env: NodeJS.ProcessEnv = { COZE_BOT_ID: '222' };
    expect(loadEnvFile(file, env)).toEqual(['COZE_API_BASE']);
    expect(env).toEqual({ COZE_BOT_ID: '222', COZE_API_BASE: 'http://127.0.0.1:1' });
    expect(loadEnvFile(`${file}.missing`, env)).toEqual([]);
  });
});
