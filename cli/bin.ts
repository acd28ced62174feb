#!/usr/bin/env node
// The mpisim command as installed: the compiled CLI (dist/cli/bin.js). The repository's own tests
// run the sources instead, through bin/mpisim.mjs.
import { main } from "./main.ts";
import { stopQuietlyOnClosedPipe } from "./pipe.ts";

stopQuietlyOnClosedPipe();
process.exitCode = await main(process.argv.slice(2));
