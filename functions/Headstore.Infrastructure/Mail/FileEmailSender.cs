using System.Security.Cryptography;
using System.Text;
using Headstore.Application.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Mail;

public sealed class FileMailOptions
{
    public const string Section = "Mail";

    public string Directory { get; set; } = ".data/mail";

    public string From { get; set; } = "Headstore <no-reply@headstore.local>";
}

/// <summary>The local mail adapter: one RFC 5322 .eml file per message, named by the message id so a repeat is not written twice.</summary>
public sealed class FileEmailSender(IOptions<FileMailOptions> options, TimeProvider clock) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(options.Value.Directory);
        System.IO.Directory.CreateDirectory(directory);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.Id)))[..32];
        var path = Path.Combine(directory, $"{name}.eml");
        if (File.Exists(path))
        {
            return;
        }

        var builder = new StringBuilder()
            .Append("From: ").Append(options.Value.From).Append("\r\n")
            .Append("To: ").Append(EncodeHeader(message.ToName)).Append(" <").Append(message.To).Append(">\r\n")
            .Append("Subject: ").Append(EncodeHeader(message.Subject)).Append("\r\n")
            .Append("Date: ").Append(clock.GetUtcNow().ToString("r")).Append("\r\n")
            .Append("Message-ID: <").Append(name).Append("@headstore.local>\r\n")
            .Append("MIME-Version: 1.0\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n")
            .Append("Content-Transfer-Encoding: 8bit\r\n\r\n")
            .Append(message.PlainText.Replace("\n", "\r\n", StringComparison.Ordinal)).Append("\r\n");

        // Write to a temporary name and move, so a reader never sees half a message.
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, builder.ToString(), new UTF8Encoding(false), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    private static string EncodeHeader(string value) =>
        value.All(c => c < 128) ? value : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}?=";
}
