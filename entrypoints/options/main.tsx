import { render } from 'preact';
import '../../extension/ui/theme.css';
import { keepBackgroundAwake } from '../../extension/keep-awake-port';
import { Options } from '../../extension/ui/Options';

render(<Options />, document.getElementById('app')!);
// While this page is open, synced changes keep arriving (the background stays awake).
keepBackgroundAwake();
