using System;
using System.CommandLine;
using CodeFirstBpf.Runtime;

namespace CodeFirstBpf.Cli.Commands;

/// <summary>The registry options every verb that talks to a registry takes: transport and basic-auth credentials.</summary>
internal sealed class RegistryArguments
{
    private readonly Option<bool> _plainHttp = new("--plain-http") { Description = "Speak HTTP, not HTTPS (loopback registries use HTTP anyway)." };
    private readonly Option<bool> _skipTls = new("--tls-skip-verify") { Description = "Speak HTTPS and accept any certificate (self-signed test registries only)." };
    private readonly Option<string?> _caCert = new("--ca-cert") { Description = "Speak HTTPS and trust the registry's certificate only if it chains to this PEM CA certificate." };
    private readonly Option<string?> _username = new("--username", "-u") { Description = "User name for basic authentication." };
    private readonly Option<string?> _password = new("--password", "-p") { Description = "Password for basic authentication (or set CFBPF_REGISTRY_PASSWORD to keep it off the command line)." };

    public void AddTo(Command command)
    {
        command.Options.Add(_plainHttp);
        command.Options.Add(_skipTls);
        command.Options.Add(_caCert);
        command.Options.Add(_username);
        command.Options.Add(_password);
    }

    public RegistryOptions Options(ParseResult r)
    {
        string? user = r.GetValue(_username);
        string? password = r.GetValue(_password) ?? Environment.GetEnvironmentVariable("CFBPF_REGISTRY_PASSWORD");
        if (r.GetValue(_plainHttp) && (r.GetValue(_skipTls) || r.GetValue(_caCert) is not null))
            throw new ArgumentException("--plain-http turns TLS off; drop it or drop --tls-skip-verify/--ca-cert");
        if (user is null && r.GetValue(_password) is not null)
            throw new ArgumentException("--password needs --username");
        return new RegistryOptions
        {
            // Asking for TLS settings means asking for TLS, also for a loopback registry.
            PlainHttp = r.GetValue(_plainHttp) ? true : r.GetValue(_skipTls) || r.GetValue(_caCert) is not null ? false : null,
            SkipTlsVerify = r.GetValue(_skipTls),
            CaCertificateFile = r.GetValue(_caCert),
            Username = user,
            Password = user is null ? null : password,
        };
    }
}
