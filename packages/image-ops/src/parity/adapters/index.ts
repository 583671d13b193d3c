// Every op family, so that each defineOp op has its derived adapter; then the hand-registered
// exceptions, one file per group.
import '../../index.ts';
import './features.ts';
import './chunked.ts';
