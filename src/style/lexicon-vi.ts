// Vietnamese instruction words (multi-syllable words are phrases: `vui vẻ`, `thì thầm`).
import { E, type Lexicon } from './lexicon.js';

export const VI: Lexicon = {
  words: {
    'chậm': E.slow, 'chậm rãi': E.slow, 'thong thả': E.slow, 'nhanh': E.fast, 'nhanh nhẹn': E.fast, 'gấp gáp': E.fast,
    'trầm': E.deep, 'giọng trầm': E.deep, 'trầm ấm': { pitch: -3, range: 1.1 }, 'giọng cao': E.high, 'cao vút': E.high, 'the thé': E.high,
    'đều đều': E.monotone, 'đơn điệu': E.monotone, 'biểu cảm': E.expressive, 'truyền cảm': E.expressive, 'sinh động': E.expressive,
    'nhỏ nhẹ': E.soft, 'nhẹ nhàng': E.soft, 'khẽ': E.soft, 'nói nhỏ': E.soft, 'nói to': E.loud, 'lớn tiếng': E.loud,
    'hét': E.shout, 'la hét': E.shout, 'thì thầm': E.whisper, 'thầm thì': E.whisper,
    'bình tĩnh': E.calm, 'điềm tĩnh': E.calm, 'êm dịu': E.calm, 'thư thái': E.calm,
    'vui': E.cheerful, 'vui vẻ': E.cheerful, 'vui tươi': E.cheerful, 'tích cực': E.cheerful, 'hạnh phúc': E.cheerful, 'tươi tắn': E.cheerful,
    'hào hứng': E.excited, 'phấn khích': E.excited, 'sôi nổi': E.excited,
    'buồn': E.sad, 'buồn bã': E.sad, 'u buồn': E.sad, 'ảm đạm': E.sad, 'sầu': E.sad,
    'giận dữ': E.angry, 'tức giận': E.angry, 'bực bội': E.angry, 'nghiêm túc': E.serious, 'nghiêm nghị': E.serious, 'trang trọng': E.serious,
    'thân thiện': E.friendly, 'ấm áp': E.friendly, 'kịch tính': E.dramatic,
    'ngắt nghỉ': E.pauses, 'tạm dừng': E.pauses, 'ngừng nghỉ': E.pauses, 'ngắt nghỉ dài': E.longPauses,
    'phát thanh viên': E.newsAnchor, 'người dẫn tin': E.newsAnchor, 'kể chuyện trước khi ngủ': E.bedtime, 'ru ngủ': E.bedtime,
    'giọng anh': { accent: 'en-GB' }, 'giọng mỹ': { accent: 'en-US' }, 'giọng úc': { accent: 'en-AU' },
  },
  intensifiers: { 'rất': 1.6, 'thật': 1.5, 'cực': 2, 'khá': 1.2, 'hơi': 0.5, 'chút': 0.5, 'quá': 1.3 },
  negators: ['không', 'đừng', 'chẳng', 'chớ'],
};
