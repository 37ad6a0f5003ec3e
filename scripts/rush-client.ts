// The load generator of scripts/bench-interests.ts, run in its own process so the service under
// test has a core to itself: submits and replaces interests as PEOPLE different people, then
// prints one JSON line with autocannon's figures and how many submissions were acknowledged.
import autocannon from 'autocannon';

const { port, path, seconds, connections, tokens, sessionIds } = JSON.parse(process.argv[2] ?? '{}') as {
  port: number;
  path: string;
  seconds: number;
  connections: number;
  tokens: string[];
  sessionIds: string[];
};

const countries = ['AR', 'RW', 'GH', 'KE', 'BR', 'PE', 'SN', 'VN', 'PH', 'ID'];
const roles = ['focal', 'discussant', 'chair', 'co_blogger'];
// Each person (i % tokens) changes their roles and ranked sessions on every replacement, so no
// submission finds its sessions already stored.
const bodyFor = (i: number) => {
  const attempt = Math.floor(i / tokens.length);
  const first = (i + attempt) % sessionIds.length;
  return JSON.stringify({
    country: countries[i % countries.length],
    organisation: 'Ministry of Health',
    roles: [roles[(i + attempt) % 4], roles[(i + attempt + 1) % 4]],
    sessions: [sessionIds[first], sessionIds[(first + 1 + (attempt % 2)) % sessionIds.length]],
    motivation: `Submission ${i}: we would like to share how purchasing works in our country.`,
  });
};

let counter = 0;
let acknowledged = 0;
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: `http://127.0.0.1:${port}`,
      connections,
      duration: seconds,
      requests: [
        {
          setupRequest: ((request: Record<string, unknown>) => {
            const i = counter++;
            return {
              ...request,
              method: 'POST',
              path,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i % tokens.length]}` },
              body: bodyFor(i),
            };
          }) as never,
        },
      ],
    },
    (error, finished) => (error ? reject(error) : resolve(finished)),
  );
  instance.on('response', (_client, statusCode) => {
    if (statusCode === 200 || statusCode === 201) acknowledged++;
  });
});
console.log(
  JSON.stringify({
    rps: result.requests.average,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    acknowledged,
  }),
);
