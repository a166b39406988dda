import './components/whisper-app/whisper-app';
