import { describe, expect, it } from 'vitest';
import { DefaultAzureCredential } from '@azure/identity';
import { AZURE_ENV_TOKEN, EmulatorCredential, SignInCredential, StaticTokenCredential, createCredential, decodeJwtClaims, principalFromToken } from '../../src/azure/credentials.js';
import { jwt } from './helpers.js';

describe('credentials', () => {
  it('uses the given token until its exp', async () => {
    const token = jwt({ aud: 'https://management.azure.com', upn: 'ops@contoso.example', exp: 1_900_000_000 });
    const cred = createCredential({ accessToken: token });
    expect(cred).toBeInstanceOf(StaticTokenCredential);
    expect(await cred.getToken('https://management.azure.com/.default')).toEqual({ token, expiresOnTimestamp: 1_900_000_000_000 });
  });

  it('assumes an hour for a token without a readable exp', async () => {
    const before = Date.now();
    const t = await createCredential({ accessToken: 'opaque-token' }).getToken('x');
    expect(t?.token).toBe('opaque-token');
    expect(t?.expiresOnTimestamp).toBeGreaterThanOrEqual(before + 59 * 60 * 1000);
  });

  it('falls back to DefaultAzureCredential without a token (or with a blank one), loaded when first used', async () => {
    const cred = createCredential({});
    expect(cred).toBeInstanceOf(SignInCredential);
    expect(createCredential({ accessToken: '  ' })).toBeInstanceOf(SignInCredential);
    const inner = await (cred as SignInCredential).credential();
    expect(inner).toBeInstanceOf(DefaultAzureCredential);
    expect(await (cred as SignInCredential).credential()).toBe(inner);
    expect(AZURE_ENV_TOKEN).toBe('AKS_NETISO_ACCESS_TOKEN');
  });

  it('signs in at the cloud\'s authority host unless AZURE_AUTHORITY_HOST is set', () => {
    const saved = process.env.AZURE_AUTHORITY_HOST;
    try {
      delete process.env.AZURE_AUTHORITY_HOST;
      expect((createCredential({ authorityHost: 'https://login.microsoftonline.us' }) as SignInCredential).authorityHost).toBe('https://login.microsoftonline.us');
      process.env.AZURE_AUTHORITY_HOST = 'https://login.example';
      expect((createCredential({ authorityHost: 'https://login.microsoftonline.us' }) as SignInCredential).authorityHost).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.AZURE_AUTHORITY_HOST;
      else process.env.AZURE_AUTHORITY_HOST = saved;
    }
  });

  it.each([
    [{ upn: 'dana@contoso.example', unique_name: 'x', oid: 'o' }, 'dana@contoso.example'],
    [{ unique_name: 'live.com#dana@outlook.example', oid: 'o' }, 'live.com#dana@outlook.example'],
    [{ preferred_username: 'dana@contoso.example' }, 'dana@contoso.example'],
    [{ appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46', oid: 'o' }, '04b07795-8ddb-461a-bbee-02f9e1bf7b46'],
    [{ oid: '5d2a8e1f-3c7b-4a9e-b6d4-2f1c8e7a3b95' }, '5d2a8e1f-3c7b-4a9e-b6d4-2f1c8e7a3b95'],
    [{ aud: 'x' }, undefined],
  ])('principal of %j is %s', (claims, expected) => {
    expect(principalFromToken(jwt(claims))).toBe(expected);
  });

  it('reads no claims from things that are not JWTs', () => {
    expect(principalFromToken('not-a-jwt')).toBeUndefined();
    expect(decodeJwtClaims('a.!!!.c')).toBeUndefined();
    expect(decodeJwtClaims(`a.${Buffer.from('[1,2]').toString('base64url')}.c`)).toBeUndefined();
  });

  it('EmulatorCredential issues an unsigned token per audience', async () => {
    const cred = new EmulatorCredential({ upn: 'demo@emulator.local' });
    const arm = await cred.getToken('https://management.azure.com/.default');
    const aks = await cred.getToken(['6dae42f8-4368-4678-94ff-3960e28e3630/.default']);
    expect(decodeJwtClaims(arm.token)).toMatchObject({ aud: 'https://management.azure.com', upn: 'demo@emulator.local' });
    expect(decodeJwtClaims(aks.token)?.aud).toBe('6dae42f8-4368-4678-94ff-3960e28e3630');
    expect(principalFromToken(aks.token)).toBe('demo@emulator.local');
  });
});
