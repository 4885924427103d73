/** The corpus book islp, built and checked against its notes (see suite.ts); skipped without ../shared/corpus. */
import { describeCorpusBook } from './suite.ts';

describeCorpusBook('islp');
