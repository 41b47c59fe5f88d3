import { DefaultLogger, Runtime } from '@temporalio/worker';

// Keep test output to what matters: the SDK's own INFO lines (and webpack's bundle report) are
// hidden; warnings and errors still show. SID_TEST_LOG=1 brings everything back.
if (process.env.SID_TEST_LOG !== '1') {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier file.
  }
}
