// Opens grpc.health.v1.Health/Watch with the npm package grpc-health-check's service definition
// on @grpc/grpc-js and prints one line per message as it arrives: "TIME SERVICE STATUS", then
// "TIME SERVICE end OK" when the server completes the call, or "TIME SERVICE error CODE".
// Closing standard input cancels the call.
// usage: node watch.js HOST:PORT SERVICE
const grpc = require('@grpc/grpc-js');
const { service } = require('grpc-health-check');

const [target, name] = process.argv.slice(2);
if (target === undefined || name === undefined) {
  console.error('usage: node watch.js HOST:PORT SERVICE');
  process.exit(2);
}
const say = (what) => console.log(`${new Date().toISOString()} ${name === '' ? '""' : name} ${what}`);
const Health = grpc.makeClientConstructor(service, 'grpc.health.v1.Health');
const client = new Health(target, grpc.credentials.createInsecure());
const call = client.watch({ service: name });
call.on('data', (response) => say(response.status));
call.on('error', (error) => {
  say(`error ${grpc.status[error.code]}`);
  client.close();
  process.exit(0);
});
call.on('end', () => {
  say('end OK');
  client.close();
  process.exit(0);
});
process.stdin.on('end', () => call.cancel());
process.stdin.resume();
