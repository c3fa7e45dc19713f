// Drives the local Image Builder service with the AWS SDK for JavaScript v3:
// create an image, poll it to AVAILABLE, then provoke a modeled error.
// Usage: NODE_PATH=.npm-tools/node_modules node build.cjs ENDPOINT RECIPE INFRA DIST
"use strict";
const {
  ImagebuilderClient, CreateImageCommand, GetImageCommand, ListTagsForResourceCommand,
} = require("@aws-sdk/client-imagebuilder");

async function main() {
  const [endpoint, recipe, infra, dist] = process.argv.slice(2);
  const client = new ImagebuilderClient({
    endpoint, region: "us-east-1", maxAttempts: 1,
    credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
  });
  const created = await client.send(new CreateImageCommand({
    imageRecipeArn: recipe, infrastructureConfigurationArn: infra, distributionConfigurationArn: dist,
    tags: { client: "js" },
  }));
  const arn = created.imageBuildVersionArn;
  const statuses = [];
  const deadline = Date.now() + 30000;
  let image;
  for (;;) {
    image = (await client.send(new GetImageCommand({ imageBuildVersionArn: arn }))).image;
    if (statuses[statuses.length - 1] !== image.state.status) statuses.push(image.state.status);
    if (["AVAILABLE", "FAILED", "CANCELLED"].includes(image.state.status) || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const tags = (await client.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags;
  let errorName = null;
  try {
    await client.send(new GetImageCommand({ imageBuildVersionArn: arn.replace(/\/\d+$/, "/999") }));
  } catch (err) {
    errorName = err.name;
  }
  console.log(JSON.stringify({
    arn, statuses, tags, errorName,
    amis: (image.outputResources?.amis ?? []).map((a) => ({ region: a.region, image: a.image })),
  }));
}

main().catch((err) => { console.error(err); process.exit(1); });
