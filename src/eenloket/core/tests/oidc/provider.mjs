// A real, local OpenID Connect provider for the test suite (panva's certified
// `oidc-provider`), so the staff OIDC login is tested end to end without a network.
//
// Usage: node provider.mjs [port]
//   OIDC_PORT           port on 127.0.0.1 (argv[2] wins; 0 = any free port)
//   OIDC_CLIENT_ID      the one client's id            (default: eenloket)
//   OIDC_CLIENT_SECRET  its secret                     (default: eenloket-test-secret)
//   OIDC_REDIRECT_URIS  comma-separated redirect URIs  (required)
//
// Log in through the built-in development pages (devInteractions): any login name with
// any password. The login name becomes the account id and the `preferred_username`
// claim. On start it prints "listening <issuer>" on stdout.

import { generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Resolve the package from the project's node_modules (EENLOKET_NODE_MODULES, as in the
// Django settings, or the repository root), wherever the script is started from.
const here = dirname(fileURLToPath(import.meta.url));
const nodeModules = process.env.EENLOKET_NODE_MODULES || resolve(here, '../../../../../node_modules');
const require = createRequire(resolve(nodeModules, 'index.js'));
const { default: Provider } = await import(pathToFileURL(require.resolve('oidc-provider')).href);

const port = Number(process.argv[2] ?? process.env.OIDC_PORT ?? 0);
const clientId = process.env.OIDC_CLIENT_ID || 'eenloket';
const clientSecret = process.env.OIDC_CLIENT_SECRET || 'eenloket-test-secret';
const redirectUris = (process.env.OIDC_REDIRECT_URIS || '')
  .split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);
if (redirectUris.length === 0) {
  console.error('OIDC_REDIRECT_URIS is required');
  process.exit(2);
}

// A fresh RS256 key per run: nothing secret is kept on disk.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-rs256', alg: 'RS256', use: 'sig' };

function claimsFor(login) {
  const [given, ...rest] = login.split('.');
  return {
    sub: login,
    preferred_username: login,
    email: `${login}@idp.example.nl`,
    email_verified: true,
    given_name: given.charAt(0).toUpperCase() + given.slice(1),
    family_name: rest.length ? rest.join(' ') : 'Testaccount',
  };
}

const configuration = {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // mozilla-django-oidc sends the secret in the form body by default.
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ['eenloket-test-cookie-key'] },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['preferred_username', 'given_name', 'family_name'],
  },
  features: { devInteractions: { enabled: true } },
  async findAccount(_ctx, id) {
    return { accountId: id, async claims() { return claimsFor(id); } };
  },
};

// Bind first, so the issuer can name the real port when port 0 was asked for.
const { createServer } = await import('node:http');
const server = createServer();
await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
const issuer = `http://127.0.0.1:${server.address().port}`;
const provider = new Provider(issuer, configuration);
server.on('request', provider.callback());
console.log(`listening ${issuer}`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
