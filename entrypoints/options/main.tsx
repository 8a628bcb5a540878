import { render } from 'preact';
import '../../extension/ui/theme.css';
import { Options } from '../../extension/ui/Options';

render(<Options />, document.getElementById('app')!);
