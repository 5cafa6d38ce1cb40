using System.Text;
using System.Text.RegularExpressions;

namespace Headstore.Domain.Common;

/// <summary>
/// Finds contact details that would move a customer off the platform: phone numbers (also written with
/// spaces, dots, dashes or words for digits), e-mail addresses (also "name at host dot com"), messenger
/// handles and links. Q&amp;A text has them masked as "XX" before it is stored; profiles reject them.
/// </summary>
public static partial class ContactDetails
{
    public const string Mask = "XX";

    private const int MinimumPhoneDigits = 7;

    private static readonly Dictionary<string, char> DigitWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zero"] = '0', ["oh"] = '0', ["nought"] = '0', ["nil"] = '0',
        ["one"] = '1', ["two"] = '2', ["three"] = '3', ["four"] = '4', ["five"] = '5',
        ["six"] = '6', ["seven"] = '7', ["eight"] = '8', ["nine"] = '9',
    };

    /// <summary>True when the text holds anything that looks like contact details.</summary>
    public static bool Contains(string? text) => !string.IsNullOrEmpty(text) && FindSpans(text).Count > 0;

    /// <summary>The text with every contact detail replaced by "XX".</summary>
    public static string MaskIn(string text) => MaskIn(text, out _);

    public static string MaskIn(string text, out bool masked)
    {
        var spans = FindSpans(text);
        masked = spans.Count > 0;
        if (!masked)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var (start, end) in spans)
        {
            builder.Append(text, position, start - position).Append(Mask);
            position = end;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    private static List<(int Start, int End)> FindSpans(string text)
    {
        var spans = new List<(int Start, int End)>();
        foreach (var regex in new[] { EmailPattern(), LinkPattern(), MessengerPattern(), HandlePattern() })
        {
            try
            {
                foreach (Match match in regex.Matches(text))
                {
                    var group = match.Groups["mask"].Success ? match.Groups["mask"] : (Group)match;
                    spans.Add((group.Index, group.Index + group.Length));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // Fail closed: text that cannot be checked in time is treated as contact details throughout, so
                // nothing unchecked is ever stored or shown. The patterns run in linear time; this is a last guard.
                return [(0, text.Length)];
            }
        }

        spans.AddRange(FindPhoneNumbers(text));
        return Merge(spans);
    }

    /// <summary>
    /// Scans for runs of digits and digit words joined by separators that hold enough digits to be a phone number.
    /// Letters spelled one by one ("5 5 5"), dots, dashes, brackets, slashes and plus signs are all separators.
    /// </summary>
    private static IEnumerable<(int Start, int End)> FindPhoneNumbers(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            var unit = ReadDigitUnit(text, index);
            if (unit == 0)
            {
                // Skip the rest of a word or code ("0x80070005", "Win11"): digits inside it are not a phone number.
                index++;
                while (index < text.Length && char.IsAsciiLetterOrDigit(text[index]) && char.IsAsciiLetterOrDigit(text[index - 1]))
                {
                    index++;
                }

                continue;
            }

            var start = index;
            var end = index + unit;
            var digits = UnitDigits(text, index, unit);
            var cursor = end;
            while (true)
            {
                var separator = 0;
                while (cursor + separator < text.Length && IsSeparator(text[cursor + separator]) && separator < 4)
                {
                    separator++;
                }

                var next = ReadDigitUnit(text, cursor + separator);
                if (next == 0)
                {
                    break;
                }

                digits += UnitDigits(text, cursor + separator, next);
                cursor += separator + next;
                end = cursor;
            }

            if (digits >= MinimumPhoneDigits)
            {
                // Include a leading "+" of an international number in the mask.
                if (start > 0 && text[start - 1] == '+')
                {
                    start--;
                }

                yield return (start, end);
            }

            index = end;
        }
    }

    private static int UnitDigits(string text, int index, int length) => char.IsAsciiDigit(text[index]) ? length : 1;

    /// <summary>The length of a run of ASCII digits or of one whole digit word at the index, or 0.</summary>
    private static int ReadDigitUnit(string text, int index)
    {
        if (index >= text.Length)
        {
            return 0;
        }

        if (char.IsAsciiDigit(text[index]))
        {
            if (index > 0 && char.IsAsciiLetter(text[index - 1]))
            {
                return 0;
            }

            var length = 0;
            while (index + length < text.Length && char.IsAsciiDigit(text[index + length]))
            {
                length++;
            }

            return length;
        }

        if (!char.IsAsciiLetter(text[index]) || (index > 0 && char.IsAsciiLetter(text[index - 1])))
        {
            return 0;
        }

        var wordLength = 0;
        while (index + wordLength < text.Length && char.IsAsciiLetter(text[index + wordLength]))
        {
            wordLength++;
        }

        return DigitWords.ContainsKey(text.Substring(index, wordLength)) ? wordLength : 0;
    }

    private static bool IsSeparator(char c) => c is ' ' or '.' or '-' or '(' or ')' or '/' or '+' or '_' or '*' or '\t' or '\u00a0';

    private static List<(int Start, int End)> Merge(List<(int Start, int End)> spans)
    {
        spans.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(int Start, int End)>();
        foreach (var span in spans)
        {
            if (merged.Count > 0 && span.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, span.End));
            }
            else
            {
                merged.Add(span);
            }
        }

        return merged;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+\s*(?:@|\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|\s+at\s+)\s*[A-Za-z0-9\-]+(?:\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|\s+dot\s+)\s*[A-Za-z0-9\-]+)*\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|\s+dot\s+)\s*(?:com|net|org|edu|gov|io|co|me|info|biz|de|uk|fr|es|it|nl|ch|ca|us|au|ru|in|br|mx|jp|se|no|dk|fi|ie|at|be|pt|pl|app|dev|mail)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 2000)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?:https?://|www\.)\S+|\b(?:wa\.me|t\.me|m\.me|telegram\.me|skype:|bit\.ly|calendly\.com|zoom\.us)\S*|\b[a-z0-9][a-z0-9\-]{1,62}\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\])\s*(?:com|net|org|io|me|co|info|biz|app|dev|link|site|online)\b(?:/\S*)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 2000)]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\b(?:whats\s*app|whatsapp|telegram|tg|skype|signal|viber|wechat|we\s*chat|line\s+id|snapchat|snap|instagram|insta|ig|facebook|fb|messenger|linkedin|discord|twitter|tiktok|kik|threema|icq)\b\s*(?:(?:[:=\-]|\bid\b|\bhandle\b|\buser(?:name)?\b|\bis\b)\s*)+(?<mask>@?[A-Za-z0-9_.\-]{3,})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, 2000)]
    private static partial Regex MessengerPattern();

    [GeneratedRegex(@"(?<![A-Za-z0-9.])@[A-Za-z0-9_][A-Za-z0-9_.]{2,}", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex HandlePattern();
}
