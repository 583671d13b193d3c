// One import per op family; each file registers its adapters.
import './util.ts';
import './features.ts';
import './filters.ts';
import './chunked.ts';
