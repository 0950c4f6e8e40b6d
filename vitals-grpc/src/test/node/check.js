// Calls grpc.health.v1.Health/Check once with the npm package grpc-health-check's service
// definition on @grpc/grpc-js: what a Node.js caller of a Vitals-served gRPC server would run.
// usage: node check.js HOST:PORT SERVICE
// Prints the serving status (SERVING, NOT_SERVING...) or the gRPC code of the failed call
// (NOT_FOUND...), and exits 0 either way; 2 on bad usage.
const grpc = require('@grpc/grpc-js');
const { service } = require('grpc-health-check');

const [target, name] = process.argv.slice(2);
if (target === undefined || name === undefined) {
  console.error('usage: node check.js HOST:PORT SERVICE');
  process.exit(2);
}
const Health = grpc.makeClientConstructor(service, 'grpc.health.v1.Health');
const client = new Health(target, grpc.credentials.createInsecure());
client.check({ service: name }, { deadline: Date.now() + 10000 }, (error, response) => {
  console.log(error ? grpc.status[error.code] : response.status);
  client.close();
});
