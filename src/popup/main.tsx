import { render } from 'preact';
import { App } from './App';
import { openSession } from './session-open';

// Started before the first render: the vault opens while the popup renders its frame.
render(<App session={openSession()} />, document.getElementById('app')!);
