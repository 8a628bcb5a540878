import { render } from 'preact';
import '../../extension/ui/theme.css';
import '../../extension/ui/snapshot.css';
import { loadSnapshot } from '../../extension/snapshot/snapshot-source';
import { SnapshotPage } from '../../extension/ui/SnapshotView';

/** The snapshot page: a clip's full-page snapshot, `snapshot.html#clip=<clipId>`. */
render(<SnapshotPage load={loadSnapshot} />, document.getElementById('app')!);
