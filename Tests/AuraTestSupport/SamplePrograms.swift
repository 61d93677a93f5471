/// Programs shared by several test targets.
public enum SamplePrograms {
    /// Two problems the rules heal: a typo (`generate_reprot`) and a missing `!` (`send`).
    public static let brokenReport = """
    @User { name:s active:b }

    generate_report(users: [User]): s = users | filter(_.active) | map(_.name) | join(", ")

    send!(text: s) = print!("sending: ${text}")

    main = {
        users = [User { name: "Ana", active: true }]
        report = generate_reprot(users)
        send(report)
    }

    test "only active users are reported" {
        assert_eq(generate_report([User { name: "Ana", active: true }]), "Ana")
    }

    """
}
