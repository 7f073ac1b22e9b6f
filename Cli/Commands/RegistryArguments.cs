using System;
using System.CommandLine;
using CodeFirstBpf.Runtime.Images;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>The registry options every verb that talks to a registry takes: transport and basic-auth credentials.</summary>
internal sealed class RegistryArguments
{
    private readonly Option<bool> _plainHttp = new("--plain-http") { Description = "Speak HTTP, not HTTPS (loopback registries use HTTP anyway)." };
    private readonly Option<bool> _skipTls = new("--tls-skip-verify") { Description = "Accept any TLS certificate (self-signed test registries only)." };
    private readonly Option<string?> _username = new("--username", "-u") { Description = "User name for basic authentication." };
    private readonly Option<string?> _password = new("--password", "-p") { Description = "Password for basic authentication (or set CFBPF_REGISTRY_PASSWORD to keep it off the command line)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_plainHttp);
        command.Options.Add(_skipTls);
        command.Options.Add(_username);
        command.Options.Add(_password);
    }

    public RegistryOptions Options(ParseResult r)
    {
        string? user = r.GetValue(_username);
        string? password = r.GetValue(_password) ?? Environment.GetEnvironmentVariable("CFBPF_REGISTRY_PASSWORD");
        if (user is null && r.GetValue(_password) is not null)
            throw new ArgumentException("--password needs --username");
        return new RegistryOptions
        {
            PlainHttp = r.GetValue(_plainHttp) ? true : null,
            SkipTlsVerify = r.GetValue(_skipTls),
            Username = user,
            Password = user is null ? null : password,
        };
    }
}
