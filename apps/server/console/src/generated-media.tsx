import type { GenerateResult, VideoResult } from '@switchyard/sdk';
import { useArtifactUrl } from './use-artifact-url';

function dataUrl(media: {
  base64?: string;
  mimeType: string;
}): string | undefined {
  return media.base64 === undefined
    ? undefined
    : `data:${media.mimeType};base64,${media.base64}`;
}

/** A video: APNG and GIF as an animated `<img>`, MP4 and WebM in a `<video>`; a kept copy is fetched with the key. */
function GeneratedVideo(props: { video: VideoResult['video'] }) {
  const { video } = props;
  const kept = useArtifactUrl(
    video.base64 === undefined ? video.artifact?.path : undefined,
  );
  const source = dataUrl(video) ?? kept ?? video.url;
  if (source === undefined) return <p role="status">Loading the video…</p>;
  if (video.format === 'apng' || video.format === 'gif') {
    return <img className="result" src={source} alt="Generated video" />;
  }
  const poster =
    video.poster === undefined
      ? undefined
      : (dataUrl(video.poster) ?? video.poster.url);
  return (
    <video
      className="result"
      controls
      loop
      src={source}
      poster={poster}
      aria-label="Generated video"
    />
  );
}

/** A result as a browser shows it: images, text, audio players, a video. */
export function GeneratedMedia(props: { result: GenerateResult }) {
  const { result } = props;
  switch (result.type) {
    case 'image':
      return (
        <div className="images">
          {result.images.map((image, index) => (
            <img
              key={index}
              className="result"
              src={dataUrl(image) ?? image.url}
              alt={`Generated image ${index + 1}`}
              width={image.width}
              height={image.height}
            />
          ))}
        </div>
      );
    case 'text':
      return <p className="text-result">{result.text}</p>;
    case 'speech':
    case 'music':
      return (
        <audio
          controls
          src={dataUrl(result.audio) ?? result.audio.url}
          aria-label={
            result.type === 'speech' ? 'Generated speech' : 'Generated music'
          }
        />
      );
    case 'video':
      return <GeneratedVideo video={result.video} />;
    case 'training':
      return (
        <p>
          Trained model <code>{result.trainedModel.model}</code>
        </p>
      );
  }
}
